"""Staff pages for series, meetings and imports; thin: parse input, call one service or selector, render."""
