"""Parliament's own data: the Bills, Commons Votes, Lords Votes and Members APIs.

``types`` holds the typed records the services' answers become (importing
nothing of ours); ``reader`` the checks every parser shares; ``votes``,
``members`` and ``bills`` parse each service's JSON; ``services`` says
where each request goes and where its snapshot lives; ``snapshots`` reads
and writes the committed snapshots (``content/official/``); ``fetch`` is the
only module that touches the network. See docs/official-data.md.
"""
