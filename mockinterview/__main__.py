from mockinterview.cli import main

raise SystemExit(main())
