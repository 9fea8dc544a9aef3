"""The emails that secret-shopper checks send: none yet. Checkers are known only by an alias and
leave no address, and coordinators read the register, campaigns and slots on their pages."""
