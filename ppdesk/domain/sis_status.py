"""Who decides the "verified parent and legal guardian" status (guide section III).

Reference guide REF-6363.1, section III: a parent or guardian confirmed by the school "must
be updated within MiSiS before the individual is able to link". ppdesk follows the SIS
where the SIS feeds it:

- a school that an SIS import (OneRoster or ppdesk's template) has carried at least once
  (``school.sis_fed_since``) gets the status from the import files only. The desk does not
  set it there (the next import would silently revert it and revoke the PIN); it records a
  *request* that the office update the SIS, with the documents seen, listed on the
  "SIS updates to make" report. The import that carries the status closes the request;
- a school no import has carried keeps recording the status at the desk.
"""

from __future__ import annotations

#: Documents the school may have seen to confirm a parent or legal guardian
#: (key, English label as the report prints it). "other" needs a note saying what.
DOCUMENT_KINDS: tuple[tuple[str, str], ...] = (
    ("birth_certificate", "Birth certificate naming the parent"),
    ("court_order", "Court order (custody or guardianship)"),
    ("adoption", "Adoption decree"),
    ("photo_id", "Photo ID of the parent or guardian"),
    ("other", "Other document"),
)
DOCUMENT_LABELS = dict(DOCUMENT_KINDS)

#: How an open request ends.
OUTCOME_SIS_VERIFIED = "sis_verified"  # an import carried the status
OUTCOME_LINK_ENDED = "link_ended"  # an import ended the link, the student or the guardian
OUTCOME_WITHDRAWN = "withdrawn"  # a principal or AP withdrew it at the desk, with a reason

REQUEST_ACTION = "sis_status_request"
CLOSE_ACTION = "sis_status_request_closed"
WITHDRAW_ACTION = "sis_status_request_withdrawn"
