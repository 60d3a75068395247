"""Forms for casework pages: they validate and render, and never save (services do)."""
