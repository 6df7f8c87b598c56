import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";

// cdktf's matchers (toHaveResourceWithProperties and friends), as cdktf users expect them in tests.
Testing.setupJest();
