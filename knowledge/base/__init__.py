"""The knowledge base: what mlrole knows, and how it is loaded, checked and served.

`model` holds the frozen snapshot types (`KnowledgeBase`, `Role`, `Approach`, `Task`); `nodes`, `schema`,
`checks`, `rules` and `rules_yaml` read and validate the YAML with file:line errors; `org` holds the
organization's owners (`org.yaml`) and `org_yaml` reads them; `loader` and `sources`
load a directory, a file or a URL; `store` serves one snapshot and swaps in a new one on reload; `diff` says
what a reload changed; `errors` are the error types. Import what you need from its module: this package
imports nothing on its own, so reading one module never loads the rest.
"""
