from django.urls import path

from network_portal.feeds import limited_feed
from news import views

app_name = "news"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="list"),
    path("rss/", limited_feed(views.ArticleRssFeed()), name="feed-rss"),
    path("atom/", limited_feed(views.ArticleAtomFeed()), name="feed-atom"),
    path("<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
