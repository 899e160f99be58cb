"""Template tags of the core: the bundle's review state, plugin slots, admin filters."""
