"""The supervisor's day/month report and register export."""
