"""The pages: localized view-models of the catalogue, their HTML, Tarifa's templates and styles,
and the sections that the `<!-- tarifa:... -->` markers of a page become."""
