"""The ``kanwu`` command, its Chinese help and the scaffolding templates.

May import every other package (DESIGN §6)."""
