"""The office's numbers: periods, statistics, quotas, instruction handling,
reporting duties and time limits, urgent reports waiting for a 续报.

Imports only ``generator.content`` (DESIGN §6)."""
