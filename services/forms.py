from core.forms import CrmModelForm

from .models import Service


class ServiceForm(CrmModelForm):
    class Meta:
        model = Service
        fields = ("name", "kind", "status", "description", "started_on", "ended_on")
