"""The command-line face of ppdesk, for administrators and scripts.

Like the GUI it calls services only. Each command group lives in its own module and is
registered on ``main`` below.
"""
