"""kanwu: turn an information office's Markdown reports into an intranet journal archive."""
