"""Stream processing: grid adapters (pure normalisers) and the Faust app that runs them."""
