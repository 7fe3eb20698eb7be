"""What pages exist and what each shows: catalog, URLs, page data, rendering,
feeds, charts and search records.

Imports ``generator.content`` and ``generator.records`` (DESIGN §6)."""
