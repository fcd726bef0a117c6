"""Crypto top-ups: deposit addresses from an xpub (xpub.py), an EVM chain through web3.py
(chain.py) and the chain watcher that turns transfers into credits (watcher.py)."""
