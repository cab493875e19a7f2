from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_DOCUMENT_SIZE = 10 * 1024 * 1024


def validate_contract_document(file) -> None:
    """A signed contract is a PDF of reasonable size; anything else is refused."""
    if getattr(file, "_committed", False):
        return  # already stored: checked when it was uploaded
    if file.size > MAX_DOCUMENT_SIZE:
        raise ValidationError(_("The file is larger than 10 MB."), code="document_size")
    name = (file.name or "").lower()
    head = file.read(5)
    file.seek(0)
    if not name.endswith(".pdf") or head != b"%PDF-":
        raise ValidationError(_("Upload the signed contract as a PDF file."), code="document_type")
