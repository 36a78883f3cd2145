const GUIDE = "https://guide.example";
const index = await fetch(GUIDE + "/api/regions.json").then((r) => r.json());
for (const region of index.regions) {
  const floor = region.figures.base_floor;   // {status, value, effective, source, grade, national}
  console.log(region.slug, region.name.zh, GUIDE + region.urls.zh, floor && floor.value, region.last_reviewed);
}
