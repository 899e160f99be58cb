"""Reliable delivery of bundle events to the channels: the outbox (events written in the
same transaction as the change), their deliveries with retries, and the delivery log."""
