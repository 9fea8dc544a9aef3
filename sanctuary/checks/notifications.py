"""The emails the checks feature sends: none yet (checkers are known only by alias and code)."""
