"""ipcli: individual plans (individuell plan / individuel plan) as code."""

__version__ = "0.1.0"
