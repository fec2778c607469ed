"""Cases: the aggregate, the service layer, and the database adapters behind them."""
