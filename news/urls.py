from django.urls import path

from news import views

app_name = "news"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="list"),
    path("rss/", views.ArticleRssFeed(), name="feed-rss"),
    path("atom/", views.ArticleAtomFeed(), name="feed-atom"),
    path("<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
