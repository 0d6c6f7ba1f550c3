from tarifa.cli import main

raise SystemExit(main())
