"""Sources: the kinds of source a timeline reads, registered by name (:mod:`.registry`)."""
