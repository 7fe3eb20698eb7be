"""The office's numbers: periods, statistics, quotas, instruction handling.

Imports only ``generator.content`` (DESIGN §6)."""
