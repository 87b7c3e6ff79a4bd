import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** Which part of the app failed, in the user's words. */
  area: string;
  children: ReactNode;
}

/** A bug in one screen shows a recoverable message instead of a blank window. */
export class ErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`[${this.props.area}]`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div role="alert" className="panel error-panel">
        <h2>{this.props.area} stopped working</h2>
        <p>Your data is safe: nothing was written. Try again, or reload the window.</p>
        <button type="button" onClick={() => this.setState({ failed: false })}>
          Try again
        </button>
      </div>
    );
  }
}
