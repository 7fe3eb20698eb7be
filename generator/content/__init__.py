"""Reading what editors wrote: files, YAML with lines, fields, the model,
cross-file rules, the ledger, the HTML allow-list and its audit.

Imports nothing of kanwu outside this package (DESIGN §6)."""
