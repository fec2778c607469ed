"""Wire contracts of GridHub: what travels on every topic, versioned.

This package depends on nothing else in the project; every other layer may import it.
"""
