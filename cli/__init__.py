"""tebiki's command line: a thin layer of click commands over the flow engine."""
