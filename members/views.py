from django.views.generic import DetailView, ListView

from members.models import Member


class MemberListView(ListView):
    queryset = Member.objects.public().select_related("region")
    paginate_by = 50


class MemberDetailView(DetailView):
    queryset = Member.objects.public().select_related("region")
