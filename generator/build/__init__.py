"""The engines and their adapters: the MkDocs plugin, the output swap, Pagefind.

Imports ``content``, ``records`` and ``site`` (DESIGN §6)."""
