"""The build: config, the plan and its doit tasks, actions, reporting, the command line."""
