"""Admin import of services and projects from the old CRM ("Projekt")."""

from import_export.fields import Field

from core.resources import ChoiceWidget, CrmResource, DateWidget, TextWidget, fold

from .models import Service
from .tables import ServiceTable


class ServiceResource(CrmResource):
    name = Field("name", "Namn", widget=TextWidget())
    kind = Field("kind", "Typ", widget=ChoiceWidget(Service.Kind))
    status = Field("status", "Status", widget=ChoiceWidget(Service.Status))
    description = Field("description", "Beskrivning", widget=TextWidget())
    started_on = Field("started_on", "Startdatum", widget=DateWidget())
    ended_on = Field("ended_on", "Slutdatum", widget=DateWidget())

    header_aliases = {
        "name": ("Tjänst", "Projekt"),
        "kind": ("Sort",),
        "started_on": ("Start", "Startade"),
        "ended_on": ("Slut", "Avslutad"),
    }

    list_table = ServiceTable

    class Meta(CrmResource.Meta):
        model = Service
        import_id_fields = ("name",)
        fields = ("name", "kind", "status", "description", "started_on", "ended_on")

    def prepare(self, dataset):
        self.require_one_of("name")
        # Names are unique; "Egil" in the file is the service "EGIL".
        self.by_name = {fold(s.name): s for s in Service.objects.all()}

    def get_instance(self, instance_loader, row):
        name = self.value(row, "name")
        return self.by_name.get(fold(name)) if name else None

    def after_save_instance(self, instance, row, **kwargs):
        self.by_name[fold(instance.name)] = instance
