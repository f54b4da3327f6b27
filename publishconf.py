"""Pelican settings for publishing (``invoke publish``) and CI.

An invalid entry fails the build here, where in development it is a warning.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

# The address of the published site, overridable for forks and previews.
SITEURL = os.environ.get("SITEURL", "")
RELATIVE_URLS = not SITEURL
# The exports' permalinks follow the published address; a preview built
# without SITEURL keeps the development one (the local server).
TIMELINE_PUBLIC_URL = SITEURL or TIMELINE_PUBLIC_URL  # noqa: F405

TIMELINE_STRICT = True
DELETE_OUTPUT_DIRECTORY = True
