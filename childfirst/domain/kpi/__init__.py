"""The YJB's key performance indicators (from April 2023), as pure rules."""
