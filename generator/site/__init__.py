"""The public static site: Markdown pages rendered from the templates, then MkDocs."""
