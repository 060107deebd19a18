"""The clerk's handbook: one versioned entry per procedure (forms/handbook/<code>/v<N>.json), an entry
derived from the definition where none is written, and offline question answering over all of them.

    (the entry format and the file checks are shared with the city: desk_app/domain/handbook.py and
    handbook_files.py; checks.py adds the desk's synonyms file)
    derived.py    the entry made from a definition when no one has written one
    published.py  entries the city publishes through sync, kept in the desk's database
    passages.py   an entry cut into the passages the search ranks and the panel shows
    retrieval.py  BM25 over folded Vietnamese with everyday synonyms (synonyms.json beside the entries)
"""
