"""The server-rendered map: projection of the 14 regions and of member points."""

from members.maps import map_points, projection, region_shapes


def test_fourteen_regions_fit_the_canvas():
    """All 14 regions are drawn, and every vertex lies inside the SVG canvas."""
    shapes = region_shapes()
    assert sorted(shape.nuts3 for shape in shapes)[:2] == ["CZ010", "CZ020"]
    assert len(shapes) == 14
    size = projection()
    for shape in shapes:
        for part in shape.path.replace("M", "L").replace("Z", "").split("L")[1:]:
            x, y = (float(value) for value in part.split(","))
            assert 0 <= x <= size.width and 0 <= y <= size.height


def test_points_keep_west_east_and_north_south_order():
    """Cheb lies west of Ostrava, Liberec north of České Budějovice."""
    cheb, ostrava, liberec, budejovice = map_points(
        [
            ("Cheb", "/cheb/", 50.0796, 12.3739),
            ("Ostrava", "/ostrava/", 49.8209, 18.2625),
            ("Liberec", "/liberec/", 50.7663, 15.0543),
            ("České Budějovice", "/cb/", 48.9745, 14.4743),
        ]
    )
    assert cheb.x < ostrava.x
    assert liberec.y < budejovice.y


def test_points_without_location_or_outside_are_left_out():
    """Members without coordinates (or far away) are not drawn; the list still has them."""
    points = map_points(
        [
            ("Bez polohy", "/x/", None, None),
            ("Vídeň", "/w/", 48.2, 16.37),
            ("Tachov", "/t/", 49.8, 12.6),
        ]
    )
    assert [point.name for point in points] == ["Tachov"]


def test_point_markup_escapes_names():
    """A name with markup characters is escaped in the SVG."""
    from members.maps import points_markup

    markup = points_markup(map_points([('<b>"Obec"</b> & spol.', "/x/?a=1&b=2", 49.8, 12.6)]))
    assert "<b>" not in markup
    assert 'aria-label="&lt;b&gt;&quot;Obec&quot;&lt;/b&gt; &amp; spol."' in markup
    assert 'href="/x/?a=1&amp;b=2"' in markup
