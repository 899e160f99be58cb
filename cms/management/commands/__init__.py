"""import_policies, load_demo, migrate_locked, send_pending_deliveries, setup_roles."""
