"""Casework pages. Views stay thin: reads in selectors, writes in services."""
