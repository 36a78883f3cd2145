"""Dev and hosting tools: local server with the production headers, compression, runtime packaging, benchmarks, Node helpers. The build (guide/) never imports them."""
