from django.views.generic import TemplateView


class PracticeListView(TemplateView):
    template_name = "goodpractice/practice_list.html"
