"""The text core inside the product: similar while typing, the organise screen, runs, suggestion audit."""
