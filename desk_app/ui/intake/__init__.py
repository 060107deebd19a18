"""New dossier intake: procedure picker, applicant and procedure fields, checklist, live due date, drafts."""
