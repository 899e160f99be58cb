"""Online services linked to policies (阅办联动): the 办 button, the service item
catalogue and the patrol that checks their links."""
