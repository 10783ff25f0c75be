"""pvpython helpers shipped inside the NeuroTour plugin (importable after LoadPlugin)."""
