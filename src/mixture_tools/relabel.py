"""Relabeling algorithms for label switching (chapter 4). Filled in by that chapter."""
