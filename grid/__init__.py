"""The unified registry: categories now; addresses, grid cells and departments next."""
