"""GridHub's composition root: the `gridhub` command wires settings, broker, workers and API."""
