// ReDoc for /redoc, from files this hub serves, in the console's font (no web font is fetched).
Redoc.init("/openapi.json", {
  theme: { typography: { fontFamily: "system-ui, sans-serif", headings: { fontFamily: "system-ui, sans-serif" } } },
}, document.getElementById("redoc"));
